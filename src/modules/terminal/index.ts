/**
 * The terminals' public face. The e-queue prints the tickets it issues on a terminal through
 * `ticketEscPos` (the bytes for the printer) and `TicketPage` (the printable page).
 */
export { terminalModule } from './manifest.js';
export { ticketEscPos, type KioskTicket } from './printer/escpos.js';
export { TicketPage } from './views/ticket.js';
