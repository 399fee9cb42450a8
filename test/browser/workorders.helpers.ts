import type { Page } from 'playwright-core';

/**
 * Submits the open action dialog of a work order's detail page and waits until it closes — the panel closes it
 * only when the server accepted the action. A refusal stays in the dialog; its message becomes the failure.
 * (The success toast is not waited for: on a busy machine it may come and go before a check sees it.)
 */
export async function submitAction(page: Page, what: string, timeout = 30_000): Promise<void> {
  const dialog = page.getByRole('dialog');
  // On a loaded machine a click during the modal's opening zoom can be lost (the dialog then never closes):
  // wait for the animation to finish first.
  await page.locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter').waitFor({ state: 'detached', timeout });
  await dialog.getByRole('button', { name: '确认提交' }).click();
  try {
    await dialog.waitFor({ state: 'hidden', timeout });
  } catch (e) {
    const problem = await page.getByTestId('action-problem').allInnerTexts();
    throw new Error(`${what} was not completed: ${problem.join(' / ') || String(e)}`);
  }
}

/** Opens the first tree select of the open dialog and picks the unit titled `title` (e.g. 生产部). */
export async function pickUnit(page: Page, title: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  const node = page.locator(`.ant-select-tree-node-content-wrapper[title="${title}"]`).first();
  for (let attempt = 0; attempt < 3; attempt++) {
    // A click during the dialog's opening animation can be lost; open again only if no dropdown is showing.
    if (!(await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().isVisible())) {
      await dialog.locator('.ant-select').first().click();
    }
    try {
      await node.waitFor({ state: 'visible', timeout: 10_000 });
      await node.click();
      return;
    } catch {
      continue;
    }
  }
  throw new Error(`unit ${title} could not be picked in the dialog`);
}
