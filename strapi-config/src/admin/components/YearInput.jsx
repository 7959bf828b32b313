import * as React from 'react';
import { Field, TextInput } from '@strapi/design-system';

/**
 * The "year" custom field: an integer typed and shown as a year (2018), where
 * Strapi's number input would show 2,018. Only digits are accepted, at most four.
 */
const asText = (value) => (value === null || value === undefined ? '' : String(value));

export const YearInput = React.forwardRef(
  ({ name, label, hint, required, disabled, placeholder, labelAction, value, error, onChange }, ref) => {
    const [text, setText] = React.useState(asText(value));
    React.useEffect(() => {
      setText((current) => (current === asText(value) ? current : asText(value)));
    }, [value]);

    const handleChange = (event) => {
      const digits = event.target.value.replace(/\D/g, '').slice(0, 4);
      setText(digits);
      onChange(name, digits === '' ? null : Number(digits));
    };

    return (
      <Field.Root name={name} hint={hint} error={error} required={required}>
        <Field.Label action={labelAction}>{label}</Field.Label>
        <TextInput
          ref={ref}
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          placeholder={placeholder}
          disabled={disabled}
          value={text}
          onChange={handleChange}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    );
  }
);
