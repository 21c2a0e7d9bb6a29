import { startConnectionTestAction } from '@/lib/sso/actions';

const WAITING_PAGE = '<!doctype html><title>Starting the connection test…</title><p style="font-family:system-ui,sans-serif;margin:2rem">Starting the connection test…</p>';

/**
 * Runs a connection test in a new window, keeping this page. Call it straight from a click
 * handler: the window is opened before anything is awaited, which is what popup blockers allow;
 * it is then sent to the IdP (a redirect, or Jackson's HTTP-POST form submitted inside it).
 * Resolves to null when the IdP's login is under way, or to a message saying why not.
 */
export async function openConnectionTest(connectionId: string): Promise<string | null> {
  const popup = window.open('', '_blank');
  if (!popup) return 'Your browser blocked the test window. Allow pop-ups for this site, then press Test again.';
  // The IdP's pages must not be able to navigate this tab (reverse tabnabbing); we keep our handle.
  popup.opener = null;
  popup.document.write(WAITING_PAGE);
  popup.document.close();
  try {
    const result = await startConnectionTestAction({ connectionId });
    if (!result.ok) {
      popup.close();
      return result.error;
    }
    if (result.data.kind === 'redirect') {
      popup.location.assign(result.data.url);
    } else {
      popup.document.open();
      popup.document.write(result.data.html);
      popup.document.close();
      // Submitted from here: the blank window inherits this page's CSP, which blocks the form's own inline script.
      popup.document.querySelector('form')?.submit();
    }
    return null;
  } catch {
    popup.close();
    return 'Could not reach the server. Check your connection and try again.';
  }
}
