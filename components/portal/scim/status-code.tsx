/** An HTTP status with its class in colour and in words (colour alone says nothing to some readers). */
export function StatusCode({ status }: { status: number }) {
  const failed = status >= 400;
  return (
    <span className={`font-mono font-medium ${status >= 500 ? 'text-red-700' : failed ? 'text-amber-800' : 'text-emerald-700'}`}>
      {status}
      <span className="sr-only">{failed ? ' (failed)' : ' (succeeded)'}</span>
    </span>
  );
}
