'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from './button';

const CONFIRMATION_MS = 2500;

/** Copies through a hidden textarea: works where the async Clipboard API is missing or refused. */
function copyWithTextarea(text: string): boolean {
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.setAttribute('aria-hidden', 'true');
  Object.assign(textarea.style, { position: 'fixed', top: '0', left: '0', width: '1px', height: '1px', opacity: '0' });
  document.body.appendChild(textarea);
  textarea.focus({ preventScroll: true });
  textarea.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  textarea.remove();
  previousFocus?.focus();
  return copied;
}

export async function copyToClipboard(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, document not focused): the textarea route may still work.
    }
  }
  return copyWithTextarea(text);
}

type CopyButtonProps = {
  /** The text put on the clipboard. */
  value: string;
  /** What is copied, for screen readers: the button is announced as "Copy <label>". */
  label?: string;
  size?: 'sm' | 'md';
  className?: string;
};

/** "Copy" button with a visible confirmation that is also announced (polite live region). */
export function CopyButton({ value, label, size = 'sm', className = '' }: CopyButtonProps) {
  const [message, setMessage] = useState('');
  const [failed, setFailed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  async function onCopy() {
    const copied = await copyToClipboard(value);
    setFailed(!copied);
    setMessage(copied ? 'Copied' : 'Copy failed: select the text and copy it by hand');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(''), copied ? CONFIRMATION_MS : CONFIRMATION_MS * 3);
  }

  return (
    <span className={`inline-flex items-center gap-2 ${className}`}>
      <Button type="button" variant="secondary" size={size} onClick={onCopy}>
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 5.5V3.5A1.5 1.5 0 0 0 9 2H3.5A1.5 1.5 0 0 0 2 3.5V9a1.5 1.5 0 0 0 1.5 1.5h2" />
        </svg>
        Copy{label ? <span className="sr-only"> {label}</span> : null}
      </Button>
      <span aria-live="polite" className={`text-xs font-medium ${failed ? 'text-red-700' : 'text-emerald-700'}`}>
        {message}
      </span>
    </span>
  );
}
