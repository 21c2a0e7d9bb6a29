import { useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react';

const CONTROL = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid]:border-red-400';

function Described({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (error) return <p id={`${id}-error`} className="mt-1 text-sm text-red-700">{error}</p>;
  return hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null;
}

const describedBy = (id: string, error?: string, hint?: string) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

/** A labelled textarea, like components/ui/field.tsx's Field. */
export function TextAreaField({ label, error, hint, className = '', ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} className={`${CONTROL} font-mono text-xs`} {...props} />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

/** A labelled file picker. */
export function FileField({ label, error, hint, className = '', ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        type="file"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${CONTROL} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2.5 file:py-1 file:text-sm file:font-medium file:text-slate-800`}
        {...props}
      />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

/** Radio buttons in a fieldset, styled as a row of choices. */
export function ChoiceGroup<V extends string>({ legend, name, value, choices, onChange }: { legend: string; name: string; value: V; choices: { value: V; label: string }[]; onChange: (value: V) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-2">
        {choices.map((choice) => (
          <label
            key={choice.value}
            className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600"
          >
            <input type="radio" name={name} value={choice.value} checked={value === choice.value} onChange={() => onChange(choice.value)} className="accent-brand-600" />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
