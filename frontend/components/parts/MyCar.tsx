'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

import { fill } from '@/lib/i18n/dictionary';
import { MY_CAR_KEY, type MyCar as Car, myCarText, readMyCar } from '@/lib/parts';

/** "Parts for my Toyota Fielder 2016" (remembered in this browser), and remember/forget. */
export function MyCar({
  base,
  current,
  labels,
}: {
  base: string;
  current: Car | null;
  labels: { myCar: string; rememberCar: string; forgetCar: string };
}) {
  const [saved, setSaved] = useState<Car | null>(null);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser
  useEffect(() => setSaved(readMyCar(window.localStorage)), []);

  function remember() {
    if (!current) return;
    window.localStorage.setItem(MY_CAR_KEY, JSON.stringify(current));
    setSaved(current);
  }

  function forget() {
    window.localStorage.removeItem(MY_CAR_KEY);
    setSaved(null);
  }

  const query = (car: Car) =>
    new URLSearchParams(Object.entries({ make: car.make, model: car.model ?? '', year: car.year ? String(car.year) : '' }).filter(([, v]) => v)).toString();
  const sameAsCurrent = saved && current && myCarText(saved) === myCarText(current);
  return (
    <div className="flex flex-wrap items-center gap-3">
      {saved && !sameAsCurrent ? (
        <Link href={`${base}?${query(saved)}`} className="btn-secondary">{fill(labels.myCar, { car: myCarText(saved) })}</Link>
      ) : null}
      {current && !sameAsCurrent ? (
        <button type="button" className="btn-secondary" onClick={remember}>{labels.rememberCar}</button>
      ) : null}
      {saved ? (
        <button type="button" className="btn text-stone-700 underline" onClick={forget}>{labels.forgetCar}</button>
      ) : null}
    </div>
  );
}
