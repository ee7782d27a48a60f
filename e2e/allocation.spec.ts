import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const PATH = '/api/v3/anytime/autoAllocation';

test('auto allocation: the default rule, a department rule and agents limits, saved', async ({ page, request }) => {
  await request.put(PATH, { headers: auth, data: { enable: false, defaultAllocationRule: { allocationTo: 'onlineAgents', allocationRule: 'loadBalancing' }, maxNumberForAllAgents: 10 } });
  await signIn(page);
  await page.goto('/auto-allocation');
  await page.getByRole('switch', { name: 'Allocate new conversations automatically' }).click();
  await page.getByLabel('Who gets the next conversation').selectOption('roundRobin');
  await page.getByLabel('Among').selectOption({ label: 'Online and away agents' });
  await page.getByRole('switch', { name: 'Departments can have their own rule' }).click();
  await page.getByLabel('Billing').selectOption('loadBalancing');
  await page.getByLabel('Open conversations per agent, at most').fill('0');
  await expect(page.getByText('The limit must be from 1 to 1000, not 0.')).toBeVisible();
  await page.getByLabel('Open conversations per agent, at most').fill('6');
  await page.getByRole('switch', { name: 'Conversations on hold do not count' }).click();
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Auto allocation saved.')).toBeVisible();
  const saved = await (await request.get(PATH, { headers: auth })).json();
  expect(saved).toMatchObject({
    enable: true, isEnabledDepartment: true, maxNumberForAllAgents: 6, excludeOnHold: true,
    defaultAllocationRule: { allocationRule: 'roundRobin', allocationTo: 'onlineAndAwayAgents' },
    departmentAllocationRule: [{ departmentId: 'dept-billing', allocationRule: 'loadBalancing', allocationTo: 'onlineAndAwayAgents' }],
  });

  // Per-agent limits.
  await page.getByRole('switch', { name: 'Each agent has their own limit' }).click();
  await page.getByLabel('Ana Costa: open conversations at most').fill('3');
  await page.getByRole('switch', { name: 'Dee Patel takes allocated conversations' }).click();
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Auto allocation saved.').last()).toBeVisible();
  const again = await (await request.get(PATH, { headers: auth })).json();
  expect(again.setMaxNumberForEachAgent).toBe(true);
  expect(again.agentPreferences).toEqual(expect.arrayContaining([
    expect.objectContaining({ agentId: 'agent-ana', maxConcurrentCount: 3, ifAcceptAllocation: true }),
    expect.objectContaining({ agentId: 'agent-dee', ifAcceptAllocation: false }),
  ]));
});
