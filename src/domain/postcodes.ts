/**
 * 邮政编码 by place, as far as the rule goes: the first two digits of a postcode are given out by
 * province (北京 10, 湖南 41–42, 广东 51–52, …), and each provincial capital's own code is its
 * province's first prefix followed by 0000 (长沙 410000, 广州 510000). Below that the digits are
 * the post office's, with no rule to derive them from a 行政区划代码 — so `plausiblePostcode` is
 * for generated data (the demo school): the right province, the capital's block for its own
 * counties, a stable made-up rest. `postcodeMatchesProvince` checks the part that is a rule.
 *
 * The capitals' telephone 区号 ride along for the same use (a home phone in the capital's city).
 */

interface ProvincePost {
  /** Postcode prefixes of the province, the capital's first. */
  prefixes: string[]
  /** The capital's telephone 区号. */
  capitalAreaCode: string
}

const PROVINCES: Record<string, ProvincePost> = {
  '11': { prefixes: ['10'], capitalAreaCode: '010' },
  '12': { prefixes: ['30'], capitalAreaCode: '022' },
  '13': { prefixes: ['05', '06', '07'], capitalAreaCode: '0311' },
  '14': { prefixes: ['03', '04'], capitalAreaCode: '0351' },
  '15': { prefixes: ['01', '02'], capitalAreaCode: '0471' },
  '21': { prefixes: ['11', '12'], capitalAreaCode: '024' },
  '22': { prefixes: ['13'], capitalAreaCode: '0431' },
  '23': { prefixes: ['15', '16'], capitalAreaCode: '0451' },
  '31': { prefixes: ['20'], capitalAreaCode: '021' },
  '32': { prefixes: ['21', '22'], capitalAreaCode: '025' },
  '33': { prefixes: ['31', '32'], capitalAreaCode: '0571' },
  '34': { prefixes: ['23', '24'], capitalAreaCode: '0551' },
  '35': { prefixes: ['35', '36'], capitalAreaCode: '0591' },
  '36': { prefixes: ['33', '34'], capitalAreaCode: '0791' },
  '37': { prefixes: ['25', '26', '27'], capitalAreaCode: '0531' },
  '41': { prefixes: ['45', '46', '47'], capitalAreaCode: '0371' },
  '42': { prefixes: ['43', '44'], capitalAreaCode: '027' },
  '43': { prefixes: ['41', '42'], capitalAreaCode: '0731' },
  '44': { prefixes: ['51', '52'], capitalAreaCode: '020' },
  '45': { prefixes: ['53', '54'], capitalAreaCode: '0771' },
  '46': { prefixes: ['57'], capitalAreaCode: '0898' },
  '50': { prefixes: ['40'], capitalAreaCode: '023' },
  '51': { prefixes: ['61', '62', '63', '64'], capitalAreaCode: '028' },
  '52': { prefixes: ['55', '56'], capitalAreaCode: '0851' },
  '53': { prefixes: ['65', '66', '67'], capitalAreaCode: '0871' },
  '54': { prefixes: ['85'], capitalAreaCode: '0891' },
  '61': { prefixes: ['71', '72'], capitalAreaCode: '029' },
  '62': { prefixes: ['73', '74'], capitalAreaCode: '0931' },
  '63': { prefixes: ['81'], capitalAreaCode: '0971' },
  '64': { prefixes: ['75'], capitalAreaCode: '0951' },
  '65': { prefixes: ['83', '84'], capitalAreaCode: '0991' },
}

/** The four municipalities: the whole province is the capital's city. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50'])

/** Whether a county (6-digit code) lies in its province's capital city (xx01, or a municipality). */
export function inCapitalCity(divisionCode: string): boolean {
  return MUNICIPALITIES.has(divisionCode.slice(0, 2)) || divisionCode.slice(2, 4) === '01'
}

/** The postcode prefixes (two digits) of the province of a 行政区划代码; empty when unknown. */
function postcodePrefixes(divisionCode: string): readonly string[] {
  return PROVINCES[divisionCode.slice(0, 2)]?.prefixes ?? []
}

/** The capital's telephone 区号 of the province of a 行政区划代码. */
export function capitalAreaCode(divisionCode: string): string | null {
  return PROVINCES[divisionCode.slice(0, 2)]?.capitalAreaCode ?? null
}

/** Whether a postcode's first two digits are given to the province of a 行政区划代码. */
export function postcodeMatchesProvince(postcode: string, divisionCode: string): boolean {
  return postcodePrefixes(divisionCode).includes(postcode.slice(0, 2))
}

/**
 * A made-up but plausible 6-digit postcode for a county: its province's prefix (the capital's for
 * the capital's city), then digits that follow the city and county codes, ending in 00 as a
 * county seat's office does. The same county always gets the same code.
 */
export function plausiblePostcode(divisionCode: string): string {
  const prefixes = postcodePrefixes(divisionCode)
  if (!prefixes.length) throw new Error(`no postcode prefix for ${divisionCode}`)
  const city = Number(divisionCode.slice(2, 4))
  const county = Number(divisionCode.slice(4, 6))
  if (inCapitalCity(divisionCode)) {
    // The capital's block: 410000 is the city itself, its counties 4101xx–4109xx.
    const n = MUNICIPALITIES.has(divisionCode.slice(0, 2)) ? city * 7 + county : county
    return `${prefixes[0]}${Math.floor(n / 10) % 3}${(n % 9) + 1}00`
  }
  const prefix = prefixes[city % prefixes.length]
  return `${prefix}${city % 10}${county % 10}00`
}
