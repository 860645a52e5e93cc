/**
 * The report's colours: the Okabe–Ito palette, which readers with any common
 * colour-vision deficiency can tell apart, used for the same meaning
 * everywhere (a status, a history event, a sentiment), in charts and keys.
 * Grey marks "nothing yet" (not started, in progress, neutral).
 */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

const GREY = '#A0A0A0';

export const COLORS = {
  // statuses
  achieving: OKABE_ITO.bluishGreen,
  not_achieving: OKABE_ITO.orange,
  never_achieved: OKABE_ITO.vermillion,
  not_started: GREY,
  // history events
  completed: OKABE_ITO.bluishGreen,
  lost: OKABE_ITO.vermillion,
  regained: OKABE_ITO.blue,
  // funnels
  reached: OKABE_ITO.blue,
  inProgress: OKABE_ITO.skyBlue,
  droppedOff: '#E4E7EC',
  // in progress at the step before, not (yet) at this one: sky blue, lighter
  notYet: '#C7E6F7',
  // sentiment and NPS groups
  positive: OKABE_ITO.bluishGreen,
  neutral: GREY,
  negative: OKABE_ITO.vermillion,
  // one series
  bar: OKABE_ITO.blue,
} as const;

/** Series colours in order (attribution models, breakdown values): Okabe–Ito without black. */
export const SERIES = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
];
