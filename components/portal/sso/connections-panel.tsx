'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { useToast } from '@/components/ui/toast';
import type { ConnectionView } from '@/lib/sso/portal-views';
import { AddOidcConnection } from './add-oidc-connection';
import { AddSamlConnection } from './add-saml-connection';
import { ConnectionsTable } from './connections-table';
import { ManageConnection } from './manage-connection';
import { openConnectionTest } from './open-connection-test';

export type ConnectionsPanelProps = {
  /** The org's connections: lib/sso/portal-views.ts loadSsoConnectionsPage(db, orgId).connections. */
  connections: ConnectionView[];
  /**
   * Where test results are shown, without the id: "/settings/sso/tests" in the console,
   * "/setup/tests" in the setup portal (the same paths lib/sso/connection-tests.ts sends tests to).
   */
  testResultPath: string;
};

/**
 * The SSO connections of one org: list, add (SAML by metadata, OIDC by discovery), test, and
 * manage each one. Plain data in; every change goes through the guarded actions of
 * lib/sso/actions.ts, which also accept a setup link. Needs a <ToastProvider> above it.
 */
export function ConnectionsPanel({ connections, testResultPath }: ConnectionsPanelProps) {
  const router = useRouter();
  const toast = useToast();
  const [adding, setAdding] = useState<'saml' | 'oidc' | null>(null);
  const [managingId, setManagingId] = useState<string | null>(null);
  const [testingId, setTestingId] = useState<string | null>(null);
  const [testNotice, setTestNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const addSamlRef = useRef<HTMLButtonElement>(null);
  const managed = connections.find((c) => c.id === managingId) ?? null;

  function changed(message: string) {
    toast.success(message);
    router.refresh();
  }

  function closeForm() {
    setAdding(null);
    addSamlRef.current?.focus();
  }

  function saved(name: string) {
    closeForm();
    changed(`Connection ${name} saved. Run a test to check it before your people use it.`);
  }

  async function test(connection: ConnectionView) {
    setTestingId(connection.id);
    setTestNotice(null);
    const problem = await openConnectionTest(connection.id);
    setTestingId(null);
    if (problem) return setTestNotice({ tone: 'error', text: problem });
    setTestNotice({ tone: 'info', text: `The test of ${connection.name} opened in a new window: sign in at your IdP there. The result shows in that window, and here under “Latest test”.` });
    // Back from the test window: show its result in the list.
    window.addEventListener('focus', () => router.refresh(), { once: true });
  }

  const toggle = (form: 'saml' | 'oidc') => setAdding((current) => (current === form ? null : form));

  return (
    <Card
      title="Connections"
      description="Your identity providers. People whose email domain your organization verified sign in through them."
      actions={
        <div className="flex flex-wrap gap-2">
          <Button ref={addSamlRef} type="button" variant={adding === 'saml' ? 'secondary' : 'primary'} aria-expanded={adding === 'saml'} onClick={() => toggle('saml')}>
            Add SAML connection
          </Button>
          <Button type="button" variant="secondary" aria-expanded={adding === 'oidc'} onClick={() => toggle('oidc')}>
            Add OIDC connection
          </Button>
        </div>
      }
    >
      {adding === 'saml' ? <AddSamlConnection onSaved={saved} onCancel={closeForm} /> : null}
      {adding === 'oidc' ? <AddOidcConnection onSaved={saved} onCancel={closeForm} /> : null}
      {testNotice ? (
        <div className="mb-4">
          <Alert tone={testNotice.tone}>{testNotice.text}</Alert>
        </div>
      ) : null}
      <ConnectionsTable
        connections={connections}
        testResultPath={testResultPath}
        managingId={managed?.id ?? null}
        testingId={testingId}
        onTest={(connection) => void test(connection)}
        onManage={(connection) => setManagingId((current) => (current === connection.id ? null : connection.id))}
        empty={
          adding ? (
            <></>
          ) : (
            <EmptyState
              title="No SSO connection yet"
              description="Connect your identity provider over SAML 2.0 or OIDC. Nothing changes for your people until you add one and test it."
              action={<Button onClick={() => setAdding('saml')}>Add your first connection</Button>}
            />
          )
        }
      />
      {managed ? (
        <ManageConnection
          connection={managed}
          onChanged={changed}
          onDeleted={(message) => {
            setManagingId(null);
            changed(message);
            addSamlRef.current?.focus();
          }}
          onClose={() => {
            setManagingId(null);
            document.querySelector<HTMLButtonElement>(`[data-manage="${CSS.escape(managed.id)}"]`)?.focus();
          }}
        />
      ) : null}
    </Card>
  );
}
