# One image for the API and the worker (the command picks which). Node 22 LTS: Node 20 is past its end of life.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build && npm run build:web --if-present
USER node
EXPOSE 3000
# the worker runs the same image with: npm run start:worker:prod
CMD ["npm", "run", "start:api:prod"]
