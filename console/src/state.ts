// What one section hands to another: the collections the tenant has (for the Ask and upload pickers)
// and the last search or answer with what explains it (for "How it was found").
import type { AnswerResponse, CollectionView, MemoryItem, SearchResponse } from '../../clients/typescript/src/index';

/** The last search or answer, with the explain=true searches and recall that show how its hits were found. */
export interface Found {
  kind: 'search' | 'answer';
  question: string;
  at: Date;
  /** explain=true search per collection */
  searches: Map<string, SearchResponse>;
  /** explain=true recall of the memory namespace, if one was asked */
  memory?: { namespace: string; items: MemoryItem[] };
  answer?: AnswerResponse;
}

type Listener<T> = (value: T) => void;

class Topic<T> {
  private listeners: Listener<T>[] = [];
  constructor(private current: T) {}
  get(): T {
    return this.current;
  }
  set(value: T): void {
    this.current = value;
    this.listeners.forEach((l) => l(value));
  }
  subscribe(listener: Listener<T>): void {
    this.listeners.push(listener);
  }
  /** Forgets the listeners and the value: the sections that listened are being rebuilt. */
  reset(value: T): void {
    this.listeners = [];
    this.current = value;
  }
}

export const collections = new Topic<CollectionView[]>([]);
export const found = new Topic<Found | null>(null);
/** Switches to a section by its panel id. */
export const navigate = new Topic<string>('collections');
