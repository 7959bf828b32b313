'use strict';

/**
 * The vehicle catalogue of the demo: the makes and models of the sidecar's demo cars,
 * parts and imports (sidecar/demo/cars.py, parts.py, imports.py), so demo listings
 * match the catalogue; body types as sidecar/demo/cars.py gives them.
 */
const MAKES = [
  { name: 'Toyota', country: 'Japan' },
  { name: 'Nissan', country: 'Japan' },
  { name: 'Mazda', country: 'Japan' },
  { name: 'Subaru', country: 'Japan' },
  { name: 'Honda', country: 'Japan' },
  { name: 'Mercedes-Benz', country: 'Germany' },
  { name: 'Volkswagen', country: 'Germany' },
];

// make, model, body type, first year, last year (null: still made)
const MODELS = [
  ['Toyota', 'Fielder', 'station_wagon', 2000, null],
  ['Toyota', 'Premio', 'sedan', 2001, 2021],
  ['Toyota', 'Harrier', 'suv', 1997, null],
  ['Toyota', 'Land Cruiser Prado', 'suv', 1990, null],
  ['Toyota', 'Corolla', 'sedan', 1966, null],
  ['Nissan', 'Note', 'hatchback', 2004, null],
  ['Nissan', 'X-Trail', 'suv', 2000, null],
  ['Mazda', 'Demio', 'hatchback', 1996, 2019],
  ['Mazda', 'CX-5', 'suv', 2012, null],
  ['Subaru', 'Forester', 'suv', 1997, null],
  ['Subaru', 'Outback', 'station_wagon', 1994, null],
  ['Honda', 'Fit', 'hatchback', 2001, null],
  ['Mercedes-Benz', 'C200', 'sedan', 1993, null],
  ['Volkswagen', 'Golf', 'hatchback', 1974, null],
].map(([make, name, bodyType, yearFrom, yearTo]) => ({ make, name, bodyType, yearFrom, yearTo }));

module.exports = { MAKES, MODELS };
