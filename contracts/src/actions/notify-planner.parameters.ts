// Parameters of `planning.notify-planner`: advisory only, it tells a person and changes nothing.
import { type ValueOf, valuesOf } from '../common/value-of';
import { IsNonEmptyString, IsOneOf } from '../validation/decorators';

// docs/contract.md names the field but not its values; these three are this project's choice.
export const NotificationSeverities = {
  Info: 'info',
  Warning: 'warning',
  Critical: 'critical',
} as const;
export type NotificationSeverity = ValueOf<typeof NotificationSeverities>;
export const NOTIFICATION_SEVERITY_VALUES = valuesOf(NotificationSeverities);

export class NotifyPlannerParameters {
  @IsNonEmptyString() message!: string;
  @IsOneOf(NOTIFICATION_SEVERITY_VALUES) severity!: NotificationSeverity;
}
