/**
 * When a message was edited, from what both SDKs report: Twilio moves `dateUpdated` and sets
 * `lastUpdatedBy` when a body is changed; an untouched message has `dateUpdated` equal to
 * `dateCreated` (or none). Null when never edited.
 */
export function editedAt(message: {
  dateCreated: Date | null;
  dateUpdated?: Date | null;
  lastUpdatedBy?: string | null;
}): Date | null {
  const { dateCreated, dateUpdated } = message;
  if (!dateUpdated) return null;
  const moved = dateCreated === null || dateUpdated.getTime() > dateCreated.getTime();
  return message.lastUpdatedBy || moved ? dateUpdated : null;
}
