/** A share as a percentage with one decimal; 0 when there is no whole (去向落实率 and the like). */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0)
