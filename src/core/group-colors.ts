/** Colours of groups 0..7: distinct from each other, on the dark background and on the height map. */
export const GROUP_COLORS: readonly string[] = [
  '#ff5d8f',
  '#4cc9f0',
  '#ffd166',
  '#9b5de5',
  '#06d6a0',
  '#f8961e',
  '#ffffff',
  '#a0c4ff',
];
