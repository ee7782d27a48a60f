// What the console benchmarks share: the median, and the time from a
// keystroke in a page's search box until the next frame is drawn.

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Types into and back out of the page's search box: each keystroke's time until drawn, in ms. */
export function searchKeystrokes(page) {
  return page.evaluate(async () => {
    const input = document.querySelector('input[type=search]');
    const typed = ['u', 'us', 'use', 'user', 'user1', 'user12', 'user123', 'user1234', 'user123', 'user12', 'user1', 'user', 'use', 'us', 'u', ''];
    const times = [];
    for (const text of typed) {
      const t0 = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // Drawn: the next frame after the change has been applied.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - t0);
    }
    return times;
  });
}
