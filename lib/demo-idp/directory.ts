/** The demo IdP's people. Tests and the dev console may move them between groups. */
export type DemoUser = { email: string; firstName: string; lastName: string; groups: string[] };

export function createDemoDirectory(domain = 'acme.test'): Map<string, DemoUser> {
  const people: DemoUser[] = [
    { email: `alice@${domain}`, firstName: 'Alice', lastName: 'Admin', groups: ['ai-admins'] },
    { email: `bob@${domain}`, firstName: 'Bob', lastName: 'Builder', groups: ['engineering'] },
    { email: `carol@${domain}`, firstName: 'Carol', lastName: 'Counter', groups: ['finance'] },
  ];
  return new Map(people.map((p) => [p.email, p]));
}
