/**
 * Enumeration values as editors read them. The Content Manager shows an enumeration
 * option through the admin's translations (message id = the value), so these words
 * become English translations in app.jsx; the list view uses them too.
 */
export const WORDS = {
  // vehicle model body_type
  sedan: 'Sedan',
  hatchback: 'Hatchback',
  station_wagon: 'Station wagon',
  suv: 'SUV',
  pickup: 'Pick-up',
  van: 'Van',
  minivan: 'Minivan',
  coupe: 'Coupé',
  convertible: 'Convertible',
  truck: 'Truck',
  bus: 'Bus',
  // FAQ category
  general: 'General',
  buying: 'Buying a car',
  selling: 'Selling a car',
  importing: 'Importing',
  parts: 'Spare parts',
  payments: 'Payments',
  account: 'My account',
};
