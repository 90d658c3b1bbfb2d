/** Digits of the serial part of a ticket number. */
export const TICKET_SERIAL_DIGITS = 10;

/**
 * Formats a ticket number as airlines print them: a three-digit airline prefix, a ten-digit
 * serial, and a check digit equal to the serial modulo 7.
 */
export function formatTicketNumber(prefix: string, serial: number): string {
  if (!/^\d{3}$/.test(prefix)) {
    throw new Error(`ticket prefix must be three digits, got ${prefix}`);
  }
  if (!Number.isSafeInteger(serial) || serial < 1 || serial >= 10 ** TICKET_SERIAL_DIGITS) {
    throw new Error(`ticket serial out of range: ${serial}`);
  }
  return `${prefix}${String(serial).padStart(TICKET_SERIAL_DIGITS, '0')}${serial % 7}`;
}

/** True when `ticketNumber` has 14 digits and its check digit matches its serial. */
export function isValidTicketNumber(ticketNumber: string): boolean {
  if (!/^\d{14}$/.test(ticketNumber)) {
    return false;
  }
  const serial = Number(ticketNumber.slice(3, 3 + TICKET_SERIAL_DIGITS));
  return serial > 0 && Number(ticketNumber.slice(-1)) === serial % 7;
}
