// orders.shipment-status-reported.v1: a TMS/carrier update on one shipment of an order.
// Topic source.orders.v1, subject `ORDER_ID`. Published; never edit, add a .v2 beside it.
import { type ValueOf, valuesOf } from '../../common/value-of';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp, Optional } from '../../validation/decorators';

export const ORDERS_SHIPMENT_STATUS_REPORTED_V1 = 'orders.shipment-status-reported.v1';

export const ShipmentStatuses = {
  Picked: 'picked',
  Dispatched: 'dispatched',
  Delayed: 'delayed',
  Delivered: 'delivered',
} as const;
export type ShipmentStatus = ValueOf<typeof ShipmentStatuses>;
export const SHIPMENT_STATUS_VALUES = valuesOf(ShipmentStatuses);

export class ShipmentStatusReportedV1 {
  @IsNonEmptyString() orderId!: string;
  @IsNonEmptyString() shipmentId!: string;
  @IsOneOf(SHIPMENT_STATUS_VALUES) status!: ShipmentStatus;
  @IsNonEmptyString() carrier!: string;
  @Optional() @IsRfc3339Timestamp() eta?: string;
}
