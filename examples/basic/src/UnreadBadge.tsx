/** A count bubble; its accessible name ("3 unread") says what the number means. */
export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  const label = `${count} unread`;
  return (
    <span className="badge" role="img" aria-label={label} title={label}>
      {count > 99 ? '99+' : count}
    </span>
  );
}
