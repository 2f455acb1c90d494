/**
 * The `X-Tuneloop-Signature` of an alert (API.md second release): `t=<unix seconds>,v1=<hex>`
 * where hex = HMAC-SHA256(secret, "<t>.<body>"). The timestamp inside the signed text lets a
 * receiver refuse a replayed delivery by its age, as Stripe's scheme does.
 */
export async function alertSignature(secret: string, body: string, unixSeconds: number): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${unixSeconds}.${body}`));
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `t=${unixSeconds},v1=${hex}`;
}

export const ALERT_SIGNATURE_HEADER = 'x-tuneloop-signature';
