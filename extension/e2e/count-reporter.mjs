// A node:test reporter that writes only the counts, in the shape scripts/summarize-tests.mjs reads from vitest.
export default async function* countReporter(source) {
  const counts = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0 };
  for await (const event of source) {
    // nesting 0 with no children = a test; suites report too, but only tests carry `details.type === 'test'`
    if (event.type === 'test:pass' && event.data.details?.type !== 'suite') counts[event.data.skip || event.data.todo ? 'numPendingTests' : 'numPassedTests']++;
    if (event.type === 'test:fail' && event.data.details?.type !== 'suite') counts.numFailedTests++;
  }
  yield JSON.stringify(counts);
}
