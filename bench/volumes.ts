/**
 * How much data and how long each run: e-DEM's volume (DESIGN.md §8) for the full bench, a twentieth of
 * it with short runs for `--quick`, which checks that the whole bench works in a minute or two.
 */

export interface Volumes {
  communities: number;
  users: number;
  /** Community 1, the big city where the viral petition and the live budget vote happen. */
  bigCityUsers: number;
  /** Communities 2 .. 1 + midCities: regional centres; the rest share what is left. */
  midCities: number;
  midCityUsers: number;
  petitions: number;
  signatures: number;
  /** Signatures the hot petition (and its twin for the raw-SQL ceiling) already has: it is viral. */
  hotInitialSignatures: number;
  budgetCommunities: number;
  /** One contest a year: past ones are over, this year's is voting now. */
  contestsPerCommunity: number;
  budgetProjects: number;
  ballots: number;
  consultations: number;
  pollResponses: number;
  comments: number;
  openCityReports: number;
  /** Signed-in people who have not signed the hot petition yet (one request each). */
  signPool: number;
  /** Signed-in people who have not voted in the live contest yet. */
  votePool: number;
}

export interface Durations {
  /** Seconds of each write run (signing, voting, the raw-SQL ceiling). */
  write: number;
  /** Seconds of each page run. */
  page: number;
  /** Seconds of warm-up before each page run (not counted). */
  warmup: number;
}

export interface Mode {
  name: 'full' | 'quick';
  volumes: Volumes;
  durations: Durations;
  connections: number;
}

export const FULL: Mode = {
  name: 'full',
  connections: 64,
  durations: { write: 20, page: 15, warmup: 2 },
  volumes: {
    communities: 500,
    users: 1_000_000,
    bigCityUsers: 200_000,
    midCities: 9,
    midCityUsers: 40_000,
    petitions: 35_000,
    signatures: 3_000_000,
    hotInitialSignatures: 20_000,
    budgetCommunities: 50,
    contestsPerCommunity: 6,
    budgetProjects: 10_000,
    ballots: 3_000_000,
    consultations: 3_000,
    pollResponses: 300_000,
    comments: 30_000,
    openCityReports: 50_000,
    signPool: 100_000,
    votePool: 30_000,
  },
};

export const QUICK: Mode = {
  name: 'quick',
  connections: 64,
  durations: { write: 3, page: 3, warmup: 1 },
  volumes: {
    communities: 40,
    users: 50_000,
    bigCityUsers: 10_000,
    midCities: 4,
    midCityUsers: 2_500,
    petitions: 2_000,
    signatures: 150_000,
    hotInitialSignatures: 2_000,
    budgetCommunities: 8,
    contestsPerCommunity: 6,
    budgetProjects: 600,
    ballots: 150_000,
    consultations: 150,
    pollResponses: 15_000,
    comments: 1_500,
    openCityReports: 2_500,
    signPool: 6_000,
    votePool: 3_000,
  },
};

/** Users per community as contiguous id ranges: the big city, the regional centres, then the rest. */
export function communityUserRanges(v: Volumes): { communityId: number; firstUser: number; users: number }[] {
  const out: { communityId: number; firstUser: number; users: number }[] = [];
  let next = 1;
  const add = (communityId: number, users: number) => {
    out.push({ communityId, firstUser: next, users });
    next += users;
  };
  add(1, v.bigCityUsers);
  for (let i = 0; i < v.midCities; i++) add(2 + i, v.midCityUsers);
  const small = v.communities - 1 - v.midCities;
  const left = v.users - v.bigCityUsers - v.midCities * v.midCityUsers;
  if (small <= 0 || left < small) throw new Error('volumes: too few users for the small communities');
  for (let i = 0; i < small; i++) {
    const share = Math.floor(left / small) + (i < left % small ? 1 : 0);
    add(2 + v.midCities + i, share);
  }
  return out;
}
