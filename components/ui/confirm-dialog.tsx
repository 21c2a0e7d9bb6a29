'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Button } from './button';

type ConfirmDialogProps = {
  /** Renders whatever opens the dialog (usually a danger Button); call `open` from its onClick. */
  trigger: (open: () => void) => ReactNode;
  title: string;
  description?: ReactNode;
  /** Names the action, e.g. "Disable API key laptop": never a bare "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  /** When set, the confirm button stays disabled until this exact text is typed. */
  confirmText?: string;
  /** Runs on confirm; the dialog stays open (buttons disabled) until it settles, then closes. */
  onConfirm: () => unknown;
};

/**
 * Confirmation for destructive actions on a native modal <dialog>: the page behind is inert,
 * Escape cancels, and focus goes back to the element that opened it.
 */
export function ConfirmDialog({ trigger, title, description, confirmLabel, cancelLabel = 'Cancel', confirmText, onConfirm }: ConfirmDialogProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [pending, setPending] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  const id = useId();

  function open() {
    openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setTyped('');
    setIsOpen(true);
  }

  function close() {
    setIsOpen(false);
    const opener = openerRef.current;
    if (opener?.isConnected) opener.focus();
  }

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!isOpen || !dialog) return;
    if (!dialog.open) dialog.showModal();
    // Safest default: focus Cancel (or the name box), never the destructive button.
    (inputRef.current ?? cancelRef.current)?.focus();
  }, [isOpen]);

  async function onConfirmClick() {
    setPending(true);
    try {
      await onConfirm();
    } finally {
      setPending(false);
      dialogRef.current?.close();
    }
  }

  const confirmBlocked = confirmText !== undefined && typed !== confirmText;

  return (
    <>
      {trigger(open)}
      {isOpen
        ? createPortal(
            <dialog
              ref={dialogRef}
              aria-labelledby={`${id}-title`}
              aria-describedby={description ? `${id}-description` : undefined}
              onCancel={(event) => {
                if (pending) event.preventDefault();
              }}
              onClose={close}
              className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-0 text-left text-slate-900 shadow-xl backdrop:bg-slate-900/50"
            >
              <form
                method="dialog"
                className="space-y-4 p-5"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (!confirmBlocked && !pending) void onConfirmClick();
                }}
              >
                <h2 id={`${id}-title`} className="text-base font-semibold">
                  {title}
                </h2>
                {description ? (
                  <div id={`${id}-description`} className="text-sm text-slate-600">
                    {description}
                  </div>
                ) : null}
                {confirmText !== undefined ? (
                  <div>
                    <label htmlFor={`${id}-confirm-text`} className="block text-sm font-medium text-slate-700">
                      Type <strong className="font-mono">{confirmText}</strong> to confirm
                    </label>
                    <input
                      ref={inputRef}
                      id={`${id}-confirm-text`}
                      value={typed}
                      onChange={(event) => setTyped(event.target.value)}
                      autoComplete="off"
                      spellCheck={false}
                      className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
                    />
                  </div>
                ) : null}
                <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
                  <Button ref={cancelRef} type="button" variant="secondary" disabled={pending} onClick={() => dialogRef.current?.close()}>
                    {cancelLabel}
                  </Button>
                  <Button type="submit" variant="destructive" disabled={confirmBlocked || pending} aria-busy={pending || undefined}>
                    {confirmLabel}
                  </Button>
                </div>
              </form>
            </dialog>,
            document.body,
          )
        : null}
    </>
  );
}
