export const PAGE_SIZE = 25;

export interface Pagination {
  page: number;
  pages: number;
  total: number;
}

export function pagination(page: number, total: number, size = PAGE_SIZE): Pagination {
  return { page, pages: Math.max(1, Math.ceil(total / size)), total };
}
