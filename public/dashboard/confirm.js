// Every action that changes something goes through this dialog: nothing is sent until the
// confirm button is pressed, Cancel sends nothing, and the reason the action needs is asked for.
import { el } from './format.js';

/**
 * Opens the confirmation for one action.
 * @param {{
 *   title: string, help: string, label: string,
 *   fields?: { id: string, label: string, type?: string, value?: string, min?: string }[],
 *   reason?: boolean,
 *   send: (values: Record<string, string>) => Promise<unknown>,
 *   done: (reply: unknown) => Promise<void> | void,
 * }} action
 *   fields: inputs besides the reason, sent to `send` by id; `reason` (default true) asks for one
 */
export function confirmAction({ title, help, label, fields = [], reason = true, send, done }) {
  const dialog = document.getElementById('confirm');
  const inputs = [
    ...fields,
    ...(reason ? [{ id: 'reason', label: 'Reason', placeholder: 'why (kept in the audit)' }] : []),
  ].map((f) => ({
    id: f.id,
    label: f.label,
    input: el('input', {
      id: f.id,
      name: f.id,
      type: f.type ?? 'text',
      value: f.value,
      min: f.min,
      required: true,
      placeholder: f.placeholder,
    }),
  }));
  const result = el('p', { id: 'action-result', role: 'status' });
  const form = el(
    'form',
    { method: 'dialog' },
    el('h3', {}, title),
    el('p', {}, help),
    inputs.map((f) => el('p', {}, el('label', { for: f.id }, `${f.label} `), f.input)),
    result,
    el(
      'menu',
      {},
      el('button', { value: 'cancel', formnovalidate: true }, 'Cancel'),
      el('button', { value: 'confirm', id: 'confirm-action', class: 'primary' }, label),
    ),
  );
  form.addEventListener('submit', async (event) => {
    if (event.submitter?.value !== 'confirm') return;
    event.preventDefault();
    const values = Object.fromEntries(inputs.map((f) => [f.id, f.input.value.trim()]));
    try {
      const reply = await send(values);
      dialog.close();
      await done(reply);
    } catch (error) {
      result.textContent = error.status === 403 ? 'This needs a key with the ops scope.' : error.message;
      result.className = 'error';
    }
  });
  dialog.replaceChildren(form);
  dialog.showModal();
  inputs[0]?.input.focus();
}
