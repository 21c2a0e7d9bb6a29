// Defaults every test process needs; DATABASE_URL comes from the global setup.
process.env.AUTH_SECRET ??= 'test-secret-that-is-at-least-32-characters-long';
process.env.APP_URL ??= 'http://localhost:3000';
