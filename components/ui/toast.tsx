'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

type ToastTone = 'success' | 'error';
type Toast = { id: number; tone: ToastTone; message: string };

type ToastApi = {
  success: (message: string) => void;
  error: (message: string) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

/** Errors stay longer: they usually need reading twice. Hover or focus pauses the countdown. */
const DISMISS_AFTER_MS: Record<ToastTone, number> = { success: 5000, error: 10000 };

const TONE_CLASSES: Record<ToastTone, string> = {
  success: 'border-emerald-200 border-l-emerald-600 bg-white text-slate-900',
  error: 'border-red-200 border-l-red-600 bg-red-50 text-red-900',
};

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), DISMISS_AFTER_MS[toast.tone]);
    return () => clearTimeout(timer);
  }, [paused, toast, onDismiss]);

  return (
    <div
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className={`pointer-events-auto flex items-start gap-3 rounded-md border border-l-4 px-4 py-3 text-sm shadow-lg ${TONE_CLASSES[toast.tone]}`}
    >
      <p className="min-w-0 flex-1 break-words">{toast.message}</p>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="-m-1 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
      >
        <span className="sr-only">Dismiss notification</span>
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.75">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </div>
  );
}

/**
 * Toasts for the whole console. The polite region exists before any toast, so screen readers
 * announce additions; an error toast is role="alert", which is announced on insertion by itself.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);
  const api = useMemo<ToastApi>(() => {
    const show = (tone: ToastTone) => (message: string) => setToasts((current) => [...current, { id: nextId.current++, tone, message }]);
    return { success: show('success'), error: show('error') };
  }, []);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex flex-col items-stretch gap-2 sm:left-auto sm:w-96">
        <div aria-live="polite" className="flex flex-col gap-2">
          {toasts.filter((t) => t.tone === 'success').map((toast) => (
            <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </div>
        <div className="flex flex-col gap-2">
          {toasts.filter((t) => t.tone === 'error').map((toast) => (
            <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

/** `const toast = useToast(); toast.success('Saved')` inside the console (ToastProvider in its layout). */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <ToastProvider> above it (the console layout mounts one).');
  return api;
}
