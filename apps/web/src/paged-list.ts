import { ElMessage } from 'element-plus';
import { ref, Ref } from 'vue';
import { http, messageOf, Page, Query } from './api';

export interface PagedList<T> {
  rows: Ref<T[]>;
  total: Ref<number>;
  page: Ref<number>;
  pageSize: Ref<number>;
  loading: Ref<boolean>;
  /** Loads a page (the current one by default) with the filters as they are now. */
  search(page?: number): Promise<void>;
  /** The pager's page-size change: back to the first page. */
  onSize(size: number): void;
}

/**
 * The state of a searchable, paged table (GET `path` with `filters()` plus page and pageSize); a failed load
 * shows the API's Chinese message, or goes to `onError` when the page wants the field problems too.
 */
export function usePagedList<T>(path: string, filters: () => Query, onError: (e: unknown) => void = (e) => ElMessage.error(messageOf(e))): PagedList<T> {
  const rows = ref<T[]>([]) as Ref<T[]>;
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(20);
  const loading = ref(false);
  async function search(p = page.value): Promise<void> {
    page.value = p;
    loading.value = true;
    try {
      const res = await http.get<Page<T>>(path, { ...filters(), page: p, pageSize: pageSize.value });
      rows.value = res.items;
      total.value = res.total;
    } catch (e) {
      onError(e);
    } finally {
      loading.value = false;
    }
  }
  function onSize(size: number): void {
    pageSize.value = size;
    void search(1);
  }
  return { rows, total, page, pageSize, loading, search, onSize };
}
