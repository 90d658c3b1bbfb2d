import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'interline:public-route';

/** Marks a route that responds without a cluster signature (`/`, `/status`, `/metrics`). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
