// Signs the demo people in through the real API and prepares what the VS Code tests need: their session tokens
// (printed as shell assignments) and, for the UI test, a fresh critical bug assigned to dev.
import { createClient } from '@baton/client';

const url = process.argv[2]!;
const login = async (email: string) => {
  const r = await createClient({ url }).auth.logIn.mutate({ email, password: 'baton-demo-2026' });
  return r.token;
};
// two sessions for dev: the extension-host suite signs out (which ends its session on the server), the UI test signs in
// and a third that approves the UI test's device login (signing out in the UI ends the second)
const [dev, devUi, devApprover, pm, admin] = await Promise.all(
  ['dev@baton.dev', 'dev@baton.dev', 'dev@baton.dev', 'pm@baton.dev', 'admin@baton.dev'].map(login),
);
const pmClient = createClient({ url, token: pm });
const devUser = await createClient({ url, token: dev }).auth.session.query();
const product = (await pmClient.products.list.query()).find((p) => p.key === 'BAT')!;
const target = await pmClient.items.create.mutate({
  productId: product.id,
  type: 'bug',
  priority: 'critical',
  title: 'Checkout button does nothing on Safari',
  description: 'Tapping **Checkout** on Safari 17 does nothing.\n\n```js\ncheckout.addEventListener("click", pay)\n```\n\n<script>alert(1)</script><img src=x onerror=alert(2)>',
  checklist: ['Reproduce on Safari 17', 'Fix the handler', 'Add a browser test'],
  labels: ['frontend'],
  assigneeUserId: devUser!.userId,
  idempotencyKey: `e2e-ui-target-${Date.now()}`,
});
console.log(`BATON_E2E_DEV_TOKEN=${dev}\nBATON_E2E_DEV_UI_TOKEN=${devUi}\nBATON_E2E_DEV_APPROVER_TOKEN=${devApprover}\nBATON_E2E_PM_TOKEN=${pm}\nBATON_E2E_ADMIN_TOKEN=${admin}\nBATON_E2E_UI_ITEM=${target.key}`);
