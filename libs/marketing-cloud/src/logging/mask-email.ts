/** `jane.doe@example.com` -> `j***@example.com`: enough to recognise a recipient in logs, not to harvest it. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}
