// Public API of the working-day calendar; import from here, not from the files.
export {
  FIRST_SUPPORTED_YEAR,
  LAST_SUPPORTED_YEAR,
  holidaysOf,
  isPeacetimeDayOff,
  orthodoxEaster,
  transferredDaysOff,
} from './holidays.js';
export type { Holiday, HolidayName, TransferredDayOff } from './holidays.js';

export {
  KYIV_TIME_ZONE,
  addDaysToLocalDate,
  endOfKyivDay,
  formatKyivDate,
  formatKyivDateTime,
  kyivDateOf,
  kyivParts,
  parseLocalDate,
  startOfKyivDay,
  weekdayOfLocalDate,
} from './kyiv-time.js';
export type { KyivParts, Lang } from './kyiv-time.js';

export {
  DEFAULT_CALENDAR_OPTIONS,
  addCalendarDays,
  addWorkingDays,
  isOverdue,
  isWeekend,
  isWorkingDay,
  nextWorkingDay,
  workingDaysLeft,
} from './working-days.js';
export type { CalendarDaysOptions, CalendarOptions } from './working-days.js';
