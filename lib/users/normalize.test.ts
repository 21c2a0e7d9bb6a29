import { describe, expect, it } from 'vitest';
import { emailDomain, emailSchema } from './normalize';

const INVALID = 'Enter a valid email address, like name@company.com';
const TOO_LONG = 'Email address is too long';

function refusal(input: unknown): string | undefined {
  const parsed = emailSchema.safeParse(input);
  return parsed.success ? `accepted as ${parsed.data}` : parsed.error.issues[0]?.message;
}

describe('emailSchema (RFC 6531 addresses)', () => {
  it('accepts UTF-8 local parts in NFC and lower case (JS Unicode case mapping); refuses whitespace, control, invisible and look-alike characters', () => {
    expect(emailSchema.parse('zoë.ünïcødé.李@example.com')).toBe('zoë.ünïcødé.李@example.com');
    expect(emailSchema.parse('ZOË.ÜNÏCØDÉ.李@EXAMPLE.COM')).toBe('zoë.ünïcødé.李@example.com');
    expect(emailSchema.parse('zoe\u0308@example.com'), 'decomposed ë becomes the precomposed one').toBe('zo\u00eb@example.com');
    expect(emailSchema.parse('ΔΟΚΙΜΉ@example.com')).toBe('δοκιμή@example.com');
    // The ASCII addresses accepted before keep their exact form.
    expect(emailSchema.parse('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    expect(emailSchema.parse("o'brien+tag_1@mail.example.co.uk")).toBe("o'brien+tag_1@mail.example.co.uk");
    for (const input of ['zoë ünï@example.com', 'zoë\u00a0@example.com', 'a\tb@example.com', 'a\u0000b@example.com', 'ab\u200b@example.com', 'a\u202eb@example.com', 'a\u007f@example.com', 'a＠b.test@example.com', 'a․b@example.com', 'zoë💥@example.com']) {
      expect(refusal(input), JSON.stringify(input)).toBe(INVALID);
    }
  });

  it('accepts internationalised domains and stores their A-label, whichever form was typed; refuses domains that are not host names', () => {
    expect(emailSchema.parse('Jürgen@Bücher.test')).toBe('jürgen@xn--bcher-kva.test');
    expect(emailSchema.parse('jürgen@XN--BCHER-KVA.TEST')).toBe('jürgen@xn--bcher-kva.test');
    expect(emailSchema.parse('用户@例子.广告')).toBe('用户@xn--fsqu00a.xn--4rr70v');
    expect(emailSchema.parse('δοκιμή@παράδειγμα.δοκιμή')).toBe('δοκιμή@xn--hxajbheg2az3al.xn--jxalpdlp');
    for (const domain of ['exa mple.com', 'example..com', '.example.com', 'example.com.', '-bücher.test', 'bücher-.test', 'ex_ample.com', 'localhost', '1.2.3.4', '[1.2.3.4]', 'xn--zz.com', 'example.c0m', 'a\u200db.com']) {
      expect(refusal(`zoë@${domain}`), domain).toBe(INVALID);
    }
  });

  it('accepts dotted UTF-8 local parts; refuses a missing or extra @, empty parts and malformed dots', () => {
    expect(emailSchema.parse('zoë.李.ünï@example.com')).toBe('zoë.李.ünï@example.com');
    for (const input of ['zoë.example.com', 'zoë@bücher@example.com', '@example.com', 'zoë@', '.zoë@example.com', 'zoë.@example.com', 'zo..ë@example.com', '', '   ']) {
      expect(refusal(input), JSON.stringify(input)).toBe(INVALID);
    }
    expect(refusal(undefined)).toBe('Enter your email address');
  });

  it('counts lengths in UTF-8 octets: 64 for the local part, 254 for the whole address', () => {
    expect(emailSchema.parse(`${'é'.repeat(32)}@example.com`)).toBe(`${'é'.repeat(32)}@example.com`);
    expect(refusal(`${'é'.repeat(32)}a@example.com`), '33 characters but 65 octets').toBe(TOO_LONG);
    expect(refusal(`${'a'.repeat(65)}@example.com`)).toBe(TOO_LONG);
    const domain254 = `${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(56)}.test`;
    expect(emailSchema.parse(`${'a'.repeat(64)}@${domain254}`)).toHaveLength(254);
    expect(refusal(`${'a'.repeat(64)}@${domain254}x`)).toBe(TOO_LONG);
    expect(refusal(`${'a'.repeat(10)}@${'d'.repeat(64)}.test`), 'a 64-octet label').toBe(INVALID);
  });
});

describe('emailDomain', () => {
  it('is the A-label, so it compares with verified domains however the address was written', () => {
    expect(emailDomain('jürgen@bücher.test')).toBe('xn--bcher-kva.test');
    expect(emailDomain(emailSchema.parse('jürgen@BÜCHER.test'))).toBe('xn--bcher-kva.test');
    expect(emailDomain('ada@Example.COM')).toBe('example.com');
    expect(emailDomain('zoë.ünïcødé.李@example.com')).toBe('example.com');
  });
});
