import net from 'node:net';

export type SunkEmail = { to: string[]; subject: string; text: string };

/** Decodes the body of one MIME message as nodemailer writes it (7bit, quoted-printable or base64). */
function bodyOf(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\n\n');
  const head = raw.slice(0, split);
  let body = raw.slice(split + 2);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'quoted-printable') body = Buffer.from(body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  else if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject: /^subject:\s*(.*)$/im.exec(head)?.[1] ?? '', text: body };
}

/**
 * A local SMTP server that accepts every message and keeps it in memory: lets a test run the app
 * with SMTP_URL set, so nothing is printed to the server console or stored in dev_outbox.
 */
export async function startSmtpSink(): Promise<{ url: string; emails: SunkEmail[]; waitFor: (to: string, subject: string) => Promise<SunkEmail>; close: () => Promise<void> }> {
  const emails: SunkEmail[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let recipients: string[] = [];
    let data: string[] | null = null;
    reply('220 smtp-sink ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line !== '.') {
            data.push(line.startsWith('..') ? line.slice(1) : line);
            continue;
          }
          emails.push({ to: recipients, ...bodyOf(data.join('\n')) });
          data = null;
          recipients = [];
          reply('250 OK');
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'RCPT') recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        if (verb === 'DATA') {
          data = [];
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else reply(verb === 'EHLO' || verb === 'HELO' ? '250 smtp-sink' : '250 OK');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    emails,
    waitFor: async (to, subject) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const found = [...emails].reverse().find((e) => e.to.includes(to) && e.subject.startsWith(subject));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`No email "${subject}…" to ${to}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
