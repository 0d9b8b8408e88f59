// orders.sales-order-placed.v1: a customer order as the ERP accepted it.
// Topic source.orders.v1, subject `ORDER_ID`. Published; never edit, add a .v2 beside it.
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { ORDER_PRIORITY_VALUES, type OrderPriority } from '../../common/order-priorities';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsNonEmptyString,
  IsNonNegativeNumber,
  IsOneOf,
  Optional,
} from '../../validation/decorators';

export const ORDERS_SALES_ORDER_PLACED_V1 = 'orders.sales-order-placed.v1';
export const SALES_ORDER_MAX_LINES = 500;

export class SalesOrderLineV1 {
  @IsNonEmptyString() sku!: string;
  @IsNonNegativeNumber() quantity!: number;
  @IsNonNegativeNumber() unitPrice!: number;
}

export class SalesOrderPlacedV1 {
  @IsNonEmptyString() orderId!: string;
  @IsNonEmptyString() customerId!: string;
  @IsNonEmptyString() location!: string;
  @IsCalendarDate() requestedShipDate!: string;
  @IsOneOf(ORDER_PRIORITY_VALUES) priority!: OrderPriority;
  /** ISO 4217; absent means DEFAULT_CURRENCY. */
  @Optional() @IsCurrencyCode() currency?: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SALES_ORDER_MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => SalesOrderLineV1)
  lines!: SalesOrderLineV1[];
}
