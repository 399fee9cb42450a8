import yauzl from 'yauzl';
import { AppError } from '../http/errors';

// An .xlsx file is a zip of XML parts. What it costs to read is its unpacked size, not the upload's: 312 KB can
// unpack to 300 MB of sheet XML (a zip bomb), and a 10 MB upload to millions of rows. Before any part is
// parsed, `checkXlsxZip` reads the zip's central directory and refuses a workbook whose parts are too big, too
// many or compressed beyond what real sheets are; then it inflates each part (zlib runs off the event loop)
// to check the directory told the truth — a part that inflates to more than it declared is refused the same.
// Limits and reasons: docs/security.md "V12 Files and resources".

export interface ZipLimits {
  /** Total unpacked bytes of all parts (IMPORT_MAX_UNCOMPRESSED_BYTES). */
  maxUncompressedBytes: number;
  /** More parts than any workbook has: a directory of thousands of entries is an attack, not a register. */
  maxEntries: number;
  /** Unpacked ÷ packed of one part above which it is a bomb; only parts above `ratioFloorBytes` are judged. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: Omit<ZipLimits, 'maxUncompressedBytes'> = { maxEntries: 1_000, maxRatio: 200, ratioFloorBytes: 1024 * 1024 };

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The upload's own 413: names the multipart field so the form can show it on the file input. */
const refused = (status: number, code: string, en: string, zh: string, details: Record<string, unknown>, field: string) =>
  new AppError(status, code, en, zh, { field, ...details }, [{ field, message: `${zh}（${en}）` }]);

/**
 * Refuses (413 / 422, naming `field`) a zip whose unpacked size, entry count or compression ratio is beyond
 * `limits`, or which is not a zip at all (415). Returns the unpacked size when the workbook may be parsed.
 */
export async function checkXlsxZip(file: Buffer, limits: ZipLimits, field = 'file'): Promise<{ uncompressedBytes: number; entries: number }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(file, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    throw new AppError(415, 'unsupported_media_type', 'The file is not a readable .xlsx workbook', '文件不是可读取的 .xlsx 工作簿');
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw refused(422, 'xlsx_rejected', `The workbook has ${zip.entryCount} parts; at most ${limits.maxEntries} are accepted`, `工作簿包含 ${zip.entryCount} 个部件，超过上限 ${limits.maxEntries}`, { entries: zip.entryCount, maxEntries: limits.maxEntries }, field);
    }
    // First pass: what the central directory declares, before a single byte is inflated.
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      entries.push(entry);
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) throw tooBig(declared, limits, field);
      if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        const ratio = Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize));
        throw refused(422, 'xlsx_rejected', `A part of the workbook unpacks ${ratio} times its size (at most ${limits.maxRatio}); it is not a spreadsheet saved by Excel`, `工作簿中有部件解压后膨胀 ${ratio} 倍（上限 ${limits.maxRatio} 倍），不是正常的表格文件`, { entry: entry.fileName, ratio, maxRatio: limits.maxRatio }, field);
      }
    }
    // Second pass: inflate each part and count; yauzl also fails a part longer than its declared size.
    let actual = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          actual += chunk.length;
          if (actual > limits.maxUncompressedBytes) throw tooBig(actual, limits, field);
        }
      } catch (e) {
        stream.destroy();
        if (e instanceof AppError) throw e;
        throw new AppError(415, 'unsupported_media_type', 'The file is not a readable .xlsx workbook', '文件不是可读取的 .xlsx 工作簿');
      }
    }
    return { uncompressedBytes: actual, entries: entries.length };
  } finally {
    zip.close();
  }
}

function tooBig(bytes: number, limits: ZipLimits, field: string): AppError {
  const en = `The workbook unpacks to more than ${mb(limits.maxUncompressedBytes)} (at least ${mb(bytes)}); split it and import the parts`;
  const zh = `工作簿解压后超过 ${mb(limits.maxUncompressedBytes)}（至少 ${mb(bytes)}），请拆分后再导入`;
  return refused(413, 'file_too_large', en, zh, { uncompressedBytes: bytes, maxUncompressedBytes: limits.maxUncompressedBytes }, field);
}
