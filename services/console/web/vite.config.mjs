// Builds the console's single-page app into dist/services/console/web (served by the console's
// server). Plain JavaScript so that the workspace's tsc (tsconfig.base.json) has nothing to do here.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../../dist/services/console/web', import.meta.url)),
    emptyOutDir: true,
    // The first load is the shell and the approvals page; charts and the graph come with their pages.
    chunkSizeWarningLimit: 400,
  },
});
