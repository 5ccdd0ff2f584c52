// Public API of the working-day calendar; import from here, not from the files.
export { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, holidaysOf, orthodoxEaster, transferredDaysOff } from './holidays.js';

export { addDaysToLocalDate, endOfKyivDay, formatKyivDate, formatKyivDateTime, kyivDateOf, kyivParts, startOfKyivDay } from './kyiv-time.js';

export { addCalendarDays, addWorkingDays, isOverdue, isPreHolidayDay, isWorkingDay, nextWorkingDay, workingDaysLeft } from './working-days.js';
export type { CalendarOptions } from './working-days.js';
