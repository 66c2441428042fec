/** The named business units this app registered (string[]); absent when it registered none. */
export const REGISTERED_BUSINESS_UNITS = Symbol('REGISTERED_BUSINESS_UNITS');
