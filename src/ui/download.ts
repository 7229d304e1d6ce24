/** Saves a blob as a file through the browser's download, as a link click would. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Some browsers read the blob after the click returns; a minute is plenty, and then it is freed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
