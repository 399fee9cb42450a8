/**
 * A package loaded on first use, once. The server's start-up is mostly Node loading packages (docs/performance.md
 * "Start-up"): the heavy ones that only some requests need — spreadsheets, mail, password estimation, file-type
 * sniffing — are imported when first asked for, not when the server starts.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined; // a failed import may be retried
      throw err;
    });
    return loading;
  };
}
