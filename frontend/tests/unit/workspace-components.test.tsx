// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { ActionForm, TextField } from '@/components/workspace/ActionForm';
import { ApiError } from '@/lib/api/errors';

afterEach(cleanup);

const labels = { busy: 'Working…', fieldErrors: 'Please correct the highlighted fields.' };

describe('ActionForm', () => {
  it('shows the problem detail and the field message, and keeps what was typed', async () => {
    render(
      <ActionForm
        labels={labels}
        submitLabel="Save"
        onSubmit={async () => {
          throw new ApiError({
            status: 409,
            title: 'Conflict',
            detail: 'This vendor already lists a part with that SKU.',
            errors: [{ field: 'body.sku', message: 'already used' }],
          });
        }}
      >
        <TextField name="sku" label="SKU" />
      </ActionForm>,
    );
    const input = screen.getByLabelText('SKU') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'BP-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'This vendor already lists a part with that SKU.');
    expect(input.value).toBe('BP-1');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('already used').id).toBe('sku-error');
  });

  it('announces success politely and may clear itself', async () => {
    render(
      <ActionForm labels={labels} submitLabel="Send" resetOnSuccess onSubmit={async (data) => `Sent ${String(data.get('text'))}`}>
        <TextField name="text" label="Text" />
      </ActionForm>,
    );
    const input = screen.getByLabelText('Text') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Sent hello'));
    expect(input.value).toBe('');
  });
});
