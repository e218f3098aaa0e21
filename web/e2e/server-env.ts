/** The admin API key the test server starts with (base64 of 16 bytes). */
export const ADMIN_KEY = 'ZTJlLWFkbWluLWtleS0wMQ';
