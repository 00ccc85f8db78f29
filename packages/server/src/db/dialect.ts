/** The database a statement runs on; works branch on it where the two SQL dialects differ. */
export type DialectName = 'sqlite' | 'postgres'
