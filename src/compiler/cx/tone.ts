/**
 * A sentiment label read as a tone (sql/cx/responses.sql), in one place for
 * the responses of a run and the published rows an incremental run keeps:
 *
 *   toneOf('"sentiment_1"') -> CASE WHEN lower("sentiment_1") LIKE '%negative%' THEN 'negative' ... END
 */

/** Positive, neutral (Neutral, Mixed) or negative ("Very Negative" is negative); any other label has none. */
export function toneOf(sentiment: string): string {
  return (
    `CASE\n  WHEN lower(${sentiment}) LIKE '%negative%' THEN 'negative'\n` +
    `  WHEN lower(${sentiment}) LIKE '%positive%' THEN 'positive'\n` +
    `  WHEN lower(${sentiment}) IN ('neutral', 'mixed') THEN 'neutral'\nEND`
  );
}
