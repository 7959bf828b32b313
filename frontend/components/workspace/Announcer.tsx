'use client';

import { useState } from 'react';

/**
 * The page's polite announcement of the last action that worked: actions in a table
 * often remove their own row (an approved car leaves the queue), so their message
 * lives above the table, not in the row.
 */
export function useAnnouncer() {
  const [message, setMessage] = useState('');
  const announcer = (
    <p role="status" aria-live="polite" className="min-h-6 font-medium text-brand-900">
      {message}
    </p>
  );
  return { announce: setMessage, announcer };
}
