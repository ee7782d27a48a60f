import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const RULES = '/api/v3/anytime/routingRules/customRules';

test('a routing rule is written with the condition builder and saved', async ({ page, request }) => {
  for (const r of await (await request.get(RULES, { headers: auth })).json()) {
    await request.delete(`${RULES}/${r.id}`, { headers: auth });
  }
  await signIn(page);
  await page.goto('/routing');
  await page.getByRole('link', { name: '+ New rule' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New routing rule');

  // Saving without a name says so on the field.
  // (A new form has no save bar before anything is typed; Enter saves.)
  await page.getByLabel('Name').press('Enter');
  await expect(page.getByText('Enter a name for the rule.')).toBeVisible();

  await page.getByLabel('Name').fill('Refunds');
  await page.getByRole('button', { name: '+ Add condition' }).click();
  await page.getByLabel('Condition 1: field').selectOption('subject');
  await expect(page.getByLabel('Condition 1: operator').locator('option')).toHaveText(['contains', 'does not contain', 'is', 'is not']);
  await page.getByLabel('Condition 1: value').fill('refund');
  // The Test panel asks for the fields the conditions use and shows the engine's verdict.
  const panel = page.getByRole('region', { name: 'Test' });
  await expect(panel.getByLabel('Subject')).toHaveValue('Refund for order 1042');
  await expect(panel.getByText('✓ Matches')).toBeVisible();
  await panel.getByLabel('Subject').fill('Hello');
  await expect(panel.getByText('✗ Does not match')).toBeVisible();
  await expect(panel.getByText("1. Subject contains 'refund' — it is 'Hello'")).toBeVisible();
  await page.getByRole('button', { name: '+ Add condition' }).click();
  await page.getByLabel('Condition 2: field').selectOption('priority');
  await page.getByLabel('Condition 2: value').selectOption('4');
  await page.getByLabel('Logical expression').check();
  await page.getByRole('textbox', { name: 'Expression' }).fill('1 OR (2');
  await expect(page.locator('.at-conditions').getByText("The '(' at 6 is never closed.")).toBeVisible();
  await page.getByRole('textbox', { name: 'Expression' }).fill('1 OR NOT 2');
  await expect(page.getByText('✓ The expression is valid.')).toBeVisible();
  const target = page.getByRole('group', { name: 'Where matching conversations go' });
  await target.getByLabel('Department', { exact: true }).selectOption({ label: 'Billing' });
  await target.getByLabel('Priority').selectOption('3');
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();

  await expect(page.getByText("Rule 'Refunds' saved.")).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Routing');
  await expect(page.getByRole('link', { name: 'Refunds' })).toBeVisible();
  const [rule] = await (await request.get(RULES, { headers: auth })).json();
  expect(rule).toMatchObject({
    name: 'Refunds', isEnable: true, routeToObject: 'department', routeToId: 'dept-billing', routeToPriority: 3,
    conditions: { when: 'logicalExpression', logicExpression: '1 OR NOT 2' },
  });
  expect(rule.conditions.list.map((c: { fieldId: string; matchType: string; value: string }) => [c.fieldId, c.matchType, c.value]))
    .toEqual([['subject', 'contains', 'refund'], ['priority', 'is', '4']]);

  // Editing it again loads what was saved.
  await page.getByRole('link', { name: 'Refunds' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit routing rule');
  await expect(page.getByLabel('Name')).toHaveValue('Refunds');
  await expect(page.getByRole('textbox', { name: 'Expression' })).toHaveValue('1 OR NOT 2');
});

test('the routing configuration: on/off, one place or the rules, and the fallback', async ({ page, request }) => {
  const CONFIG = '/api/v3/anytime/routingRules/default';
  await request.put(CONFIG, { headers: auth, data: { isEnable: false, type: 'rules', matchFailedToObject: 'department', matchFailedrouteToId: 'dept-support' } });
  await signIn(page);
  await page.goto('/routing');
  await expect(page.getByRole('switch', { name: 'Route new conversations' })).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByText('Off: conversations stay where they arrive.')).toBeVisible();
  await page.getByRole('switch', { name: 'Route new conversations' }).click();
  // The hint follows the switch.
  await expect(page.getByText('On: each new conversation goes where the settings below say.')).toBeVisible();
  await page.getByLabel('How', { exact: true }).selectOption({ label: 'Send every new conversation to one place' });
  const target = page.getByRole('group', { name: 'Every new conversation goes to' });
  await target.getByLabel('Route to').selectOption({ label: 'An agent' });
  await target.getByLabel('Agent').selectOption({ label: 'Cai Lin (online)' });
  await target.getByLabel('Priority').selectOption({ label: 'High' });
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Routing saved.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toBeHidden();
  const saved = await (await request.get(CONFIG, { headers: auth })).json();
  expect(saved).toMatchObject({
    isEnable: true, type: 'simple', simpleRouteToObject: 'agent', simpleRouteToId: 'agent-cai', simpleRouteToPriority: 3,
    // The other mode's target is kept for when it is switched back.
    matchFailedToObject: 'department', matchFailedrouteToId: 'dept-support',
  });

  // Discard puts the saved state back.
  await page.getByLabel('How', { exact: true }).selectOption('rules');
  await expect(page.getByRole('group', { name: 'When no rule matches, conversations go to' })).toBeVisible();
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByLabel('How', { exact: true })).toHaveValue('simple');

  // Turned on with no fallback chosen yet: no error greets the admin; Save says it.
  await request.put(CONFIG, { headers: auth, data: { isEnable: false, type: 'rules' } });
  await page.reload();
  await page.getByRole('switch', { name: 'Route new conversations' }).click();
  await expect(page.getByRole('group', { name: 'When no rule matches, conversations go to' })).toBeVisible();
  await expect(page.getByText('Choose whether to route to a department or an agent.')).toHaveCount(0);
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Choose whether to route to a department or an agent.')).toBeVisible();
  await request.put(CONFIG, { headers: auth, data: { isEnable: false, type: 'rules', matchFailedToObject: 'department', matchFailedrouteToId: 'dept-support' } });
});
