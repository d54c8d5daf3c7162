import protobuf from 'protobufjs';

/**
 * A protobuf page whose nested `review` message has only printable bytes, so it reads both as
 * text and as a message. With a body of 51 characters, the body's length byte is `3`, which an
 * e-mail address at the start of the body would take in when the bytes are read as text.
 */
export const REVIEW_PAGE = protobuf
  .parse(
    `syntax = "proto3";
    message Review { string title = 1; string body = 4; }
    message Page { Review review = 1; int32 total = 2; }`,
  )
  .root.lookupType('Page');

/** A decoded {@link REVIEW_PAGE}. */
export interface ReviewPage {
  review: { title: string; body: string };
  total: number;
}

/** Returns a review page whose body starts with `email` and has 51 characters. */
export function reviewPageWith(email: string): ReviewPage {
  return {
    review: {
      title: 'Great product, arrived quickly!!',
      body: `${email} says: buy`.padEnd(51, '!'),
    },
    total: 3,
  };
}

export function encodeReviewPage(page: ReviewPage): Buffer {
  return Buffer.from(REVIEW_PAGE.encode(REVIEW_PAGE.fromObject(page)).finish());
}

export function decodeReviewPage(bytes: Uint8Array): ReviewPage {
  return REVIEW_PAGE.toObject(REVIEW_PAGE.decode(bytes)) as ReviewPage;
}
