export * from './age-rule';
export * from './coordinator';
export * from './limits';
export * from './participant';
export * from './priority';
export * from './types';
export * from './validation';
