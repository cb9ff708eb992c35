import type { Message } from '@chat/react';
import { type MouseEvent, useEffect, useState } from 'react';
import { FileIcon } from './FileIcon';

type Media = NonNullable<Message['media']>;

// Media URLs are signed and short-lived (5 min on the local server), so an old one is refreshed on click.
const FRESH_MS = 4 * 60_000;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An image preview, or a download link for any other file. */
export function MediaAttachment({ media, pending }: { media: Media; pending: boolean }) {
  const [link, setLink] = useState<{ url: string; at: number } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (pending) return;
    let live = true;
    media.url().then(
      (url) => live && setLink({ url, at: Date.now() }),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [media, pending]);

  async function openFresh(event: MouseEvent<HTMLAnchorElement>) {
    if (!link || Date.now() - link.at < FRESH_MS) return;
    event.preventDefault();
    const url = await media.url();
    setLink({ url, at: Date.now() });
    window.open(url, '_blank', 'noopener');
  }

  const caption = `${media.filename} (${formatSize(media.size)})`;
  if (!link) {
    return <span className="file muted">{failed ? `${caption}: could not load` : caption}</span>;
  }
  if (media.contentType.startsWith('image/')) {
    return (
      <a className="image" href={link.url} target="_blank" rel="noreferrer" onClick={openFresh}>
        <img src={link.url} alt={media.filename} loading="lazy" />
      </a>
    );
  }
  return (
    <a className="file" href={link.url} download={media.filename} onClick={openFresh}>
      <FileIcon />
      {caption}
    </a>
  );
}
